/**
 * The knowledge base (知识库): entries in a category tree with tiered visibility, yellow pages and answer templates;
 * draft → review → published workflow with versions; Chinese search; cited answers; ask-a-unit; the Q&A assistant.
 */
@NullMarked
package cn.hotline.ticket.knowledge;

import org.jspecify.annotations.NullMarked;
