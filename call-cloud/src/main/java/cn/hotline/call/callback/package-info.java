/**
 * The must-call-back work list (必须回拨): every call the centre owes a call back — abandoned in the queue, refused
 * because the queue was full, or a callback the caller asked for — becomes a task that agents claim and complete with
 * an outcome, with retries for no-answer and busy.
 */
@NullMarked
package cn.hotline.call.callback;

import org.jspecify.annotations.NullMarked;
