package cn.hotline.call.sip;

/** How a trunk carries key presses: in the media as RFC 4733 telephone-events, or as SIP INFO requests. */
public enum DtmfMode {
    RFC4733,
    SIP_INFO
}
