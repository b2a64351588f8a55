package cn.hotline.call.prompt;

import reactor.core.publisher.Mono;

/**
 * Turns text into speech. The espeak-ng adapter makes the demo's Mandarin prompts on this machine; a production engine
 * (a cloud TTS service) plugs in here. Adapters that block run on the bounded elastic scheduler.
 */
public interface TextToSpeech {

    /** A short name for logs, e.g. {@code espeak-ng}. */
    String name();

    /** A WAV file (any rate; the library converts it) speaking {@code text} in Mandarin. */
    Mono<byte[]> speak(String text);
}
