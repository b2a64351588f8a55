/** The tenant-editable category tree (诉求分类) of tickets, seeded with a small default tree per tenant. */
@NullMarked
package cn.hotline.ticket.category;

import org.jspecify.annotations.NullMarked;
