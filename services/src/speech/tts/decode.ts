// Turns an engine's answer into canonical audio, or a ClientError that says the engine sent something unusable.
import { ClientError } from "../../clients/errors.js";
import { type Audio, type AudioFormat, parseWav, pcmToAudio } from "./audio.js";

export function wavFrom(service: string, body: Buffer): Audio {
  try {
    return nonEmpty(service, parseWav(body));
  } catch (err) {
    if (err instanceof ClientError) throw err;
    throw new ClientError(service, "upstream", `sent audio that is not usable: ${(err as Error).message}`, { cause: err });
  }
}

export function pcmFrom(service: string, body: Buffer, format: AudioFormat): Audio {
  return nonEmpty(service, pcmToAudio(body, format));
}

function nonEmpty(service: string, audio: Audio): Audio {
  if (audio.pcm.length === 0) throw new ClientError(service, "upstream", "sent no audio samples");
  return audio;
}
