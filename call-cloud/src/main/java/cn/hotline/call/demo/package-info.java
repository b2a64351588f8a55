/** Seeds the demo tenants' prompts, IVR trees and routing rules when cc.call.demo.enabled is true. */
@NullMarked
package cn.hotline.call.demo;

import org.jspecify.annotations.NullMarked;
