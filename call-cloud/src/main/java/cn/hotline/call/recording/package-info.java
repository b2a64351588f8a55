/**
 * Call recordings of call-cloud: archiving what the media server recorded to the tenant's bucket (media's {@code
 * RecordingArchive}), the {@code call_recording} index and the {@code recording_audit} trail (media's {@code
 * RecordingAudit} port on a tenant-guarded table), and the API that plays a recording through an audited link.
 */
@NullMarked
package cn.hotline.call.recording;

import org.jspecify.annotations.NullMarked;
