package cn.hotline.call.demo;

import cn.hotline.call.ivr.IvrManagement;
import cn.hotline.call.prompt.PromptLibrary;
import cn.hotline.call.routing.RoutingManagement;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DemoProperties.class)
class DemoConfiguration {

    @Bean
    DemoCallFlows demoCallFlows(
            PromptLibrary prompts,
            IvrManagement ivr,
            RoutingManagement routing,
            cn.hotline.call.acd.AcdManagement acd,
            DemoProperties properties) {
        return new DemoCallFlows(prompts, ivr, routing, acd, properties);
    }
}
