/**
 * The SIP edge of call-cloud: a JAIN-SIP stack acting as a B2BUA towards the carriers' trunks (behind Kamailio),
 * trunk profiles (digest auth, asserted identity, number normalisation, codecs, DTMF mode) and the translation of
 * admission outcomes into SIP answers.
 */
@NullMarked
package cn.hotline.call.sip;

import org.jspecify.annotations.NullMarked;
