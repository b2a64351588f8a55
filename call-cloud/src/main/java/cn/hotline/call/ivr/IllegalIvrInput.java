package cn.hotline.call.ivr;

/** An input the IVR cannot take in its current state (a timeout nobody asked for, input after the end). */
public final class IllegalIvrInput extends IllegalStateException {

    public IllegalIvrInput(String message) {
        super(message);
    }
}
