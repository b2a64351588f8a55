/**
 * Smart dispatch (智能派单): suggests the handling unit for a ticket from the tenant's own finished tickets, and
 * reports the model's accuracy on held-out tickets.
 */
@NullMarked
package cn.hotline.ticket.dispatch;

import org.jspecify.annotations.NullMarked;
