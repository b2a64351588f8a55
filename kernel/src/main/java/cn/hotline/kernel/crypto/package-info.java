/**
 * Encryption at rest of citizens' personal information (numbers, names, addresses): SM4 behind one
 * interface, with a keyed blind index so that lookups by number still work (ADR 0002 §6).
 */
@NullMarked
package cn.hotline.kernel.crypto;

import org.jspecify.annotations.NullMarked;
