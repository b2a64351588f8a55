/**
 * The Q&A assistant over the knowledge base: extractive answers from published entries, always cited, and the port of
 * a generative model (an OpenAI-compatible endpoint a tenant configures) that may rephrase them but never answers
 * outside the sources it is given.
 */
@NullMarked
package cn.hotline.ticket.knowledge.assistant;

import org.jspecify.annotations.NullMarked;
