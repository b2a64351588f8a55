/** IVR trees: versioned per-tenant definitions validated on save, drafts, publish and roll back, and the pure interpreter that turns a call's inputs into actions for the SIP and media side. */
@NullMarked
package cn.hotline.call.ivr;

import org.jspecify.annotations.NullMarked;
