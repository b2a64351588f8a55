/** The dispatch suggestion model (智能派单) in plain Java: a naive Bayes classifier over a tenant's past tickets. */
@NullMarked
package cn.hotline.ticket.dispatch.domain;

import org.jspecify.annotations.NullMarked;
