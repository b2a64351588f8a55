package cn.hotline.call.ivr;

import cn.hotline.call.acd.domain.SkillId;
import cn.hotline.call.prompt.PromptName;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** What a running IVR asks the SIP / media side to do, in order. */
public sealed interface IvrAction {

    /**
     * Play these prompts one after another ({@code PromptLibrary.resolve} turns them into a {@code Prompt}); report
     * {@link IvrInput.PromptFinished} with this {@code id}. When {@code interruptible}, a digit stops it.
     */
    record Play(int id, List<PromptName> prompts, boolean interruptible) implements IvrAction {
        public Play {
            prompts = List.copyOf(prompts);
        }
    }

    /** Stop the playback in progress (the caller pressed a key during an interruptible prompt). */
    record StopPlaying() implements IvrAction {}

    /** Wait for one digit; report {@link IvrInput.Timeout} with this {@code id} when {@code timeout} passes. */
    record CollectDigit(int id, Duration timeout) implements IvrAction {}

    /**
     * Queue the call: to {@code group} with {@code priority}, or, when {@code group} is null, where the routing rules
     * send a call with these menu {@code choices}. The IVR has ended.
     */
    record QueueCall(@Nullable SkillId group, int priority, List<String> choices) implements IvrAction {
        public QueueCall {
            choices = List.copyOf(choices);
        }
    }

    /** Record a voicemail of at most {@code maxLength}. The IVR has ended. */
    record TakeVoicemail(Duration maxLength) implements IvrAction {}

    /** The caller gave a satisfaction score 1-5 (for the CDR). */
    record SurveyAnswered(int score) implements IvrAction {}

    /** The caller gave no valid score. */
    record SurveyUnanswered() implements IvrAction {}

    /** Hang up. The IVR has ended. */
    record HangUp(String reason) implements IvrAction {}
}
