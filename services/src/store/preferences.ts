// Household preferences Jarvis keeps across restarts (the chosen voice, ...): one JSON value per key.
import { eq, sql } from "drizzle-orm";
import type { Db } from "./db.js";
import { preferences } from "./schema.js";

export class PreferencesRepo {
  constructor(private readonly db: Db) {}

  get<T>(key: string): T | undefined {
    return this.db.select().from(preferences).where(eq(preferences.key, key)).get()?.value as T | undefined;
  }

  set(key: string, value: unknown): void {
    this.db
      .insert(preferences)
      .values({ key, value })
      .onConflictDoUpdate({ target: preferences.key, set: { value, updatedAt: sql`(CAST(unixepoch('subsecond') * 1000 AS INTEGER))` } })
      .run();
  }

  delete(key: string): void {
    this.db.delete(preferences).where(eq(preferences.key, key)).run();
  }
}
