package cn.hotline.call.ivr;

/**
 * One problem of an IVR definition, pointing at the node and field; {@code node} is {@code ""} for the document
 * itself. Rendered in the problem detail's {@code errors}.
 */
public record NodeError(String node, String field, String message) {}
