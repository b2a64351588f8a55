package cn.hotline.ticket.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline.devstack.test.RealServers;
import cn.hotline.kernel.id.TenantId;
import cn.hotline.kernel.id.Uuids;
import cn.hotline.kernel.security.Caller;
import cn.hotline.kernel.security.Role;
import cn.hotline.kernel.tenancy.TenantContext;
import cn.hotline.kernel.testing.TestTokens;
import cn.hotline.ticket.knowledge.search.Hit;
import cn.hotline.ticket.knowledge.search.SearchQuery;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A change committed by another instance (here: written straight to the database, past this instance's index) shows
 * in this instance's searches after the next change check, without a restart or a manual rebuild.
 */
@RealServers
@SpringBootTest(properties = "cc.ticket.knowledge.change-check-interval=300ms")
class OtherInstanceChangesIT {

    @DynamicPropertySource
    static void tokens(DynamicPropertyRegistry registry) {
        TestTokens.register(registry);
    }

    @Autowired
    KnowledgeBase base;

    @Autowired
    KnowledgeSearch search;

    @Autowired
    KnowledgeTransactions tx;

    @Autowired
    DatabaseClient db;

    @Test
    void anEntryTakenOffTheShelfElsewhereLeavesThisInstancesSearchSoon() throws InterruptedException {
        TenantId tenant = TenantId.of("kbx-" + Uuids.v7().toString().substring(24));
        Caller alice = new Caller("alice", tenant, null, Set.of(Role.SUPERVISOR), null);
        Caller bob = new Caller("bob", tenant, null, Set.of(Role.TENANT_ADMIN), null);
        Caller agent = new Caller("agent", tenant, null, Set.of(Role.AGENT), null);
        EntryContent content = new EntryContent(
                EntryKind.ARTICLE,
                "燃气开户",
                "新房通天然气需要向燃气公司申请开户。",
                List.of(),
                "城建/燃气",
                Tier.TENANT,
                null,
                null,
                List.of(),
                null,
                null);
        Entry entry = base.create(alice, content)
                .flatMap(e -> base.step(alice, e.id(), WorkflowStep.SUBMIT, null))
                .flatMap(e -> base.step(bob, e.id(), WorkflowStep.APPROVE, null))
                .block(Duration.ofSeconds(30));
        assertThat(entry).isNotNull();
        SearchQuery query = new SearchQuery("燃气开户", null, null, search.today(), 5);
        assertThat(ids(agent, query)).containsExactly(entry.id());

        tx.run(
                        TenantContext.of(tenant),
                        db.sql("UPDATE kb_entry SET status = 'OFF_SHELF', updated_at = now() WHERE id = :id")
                                .bind("id", entry.id())
                                .fetch()
                                .rowsUpdated())
                .block(Duration.ofSeconds(10));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        List<UUID> found = ids(agent, query);
        while (!found.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            found = ids(agent, query);
        }
        assertThat(found).isEmpty();
    }

    private List<UUID> ids(Caller caller, SearchQuery query) {
        List<Hit> hits = search.search(caller, query).block(Duration.ofSeconds(10));
        assertThat(hits).isNotNull();
        return hits.stream().map(Hit::id).toList();
    }
}
