package io.filebridge.intake.hotfolder;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How an inbox is named for its lease: by the id in its marker file, else by host and real path. */
class InboxIdentityTest {

    @TempDir
    Path temp;

    @Test
    void theFirstLookWritesTheMarkerAndEveryPathToTheFolderReadsTheSameId() throws Exception {
        Path inbox = Files.createDirectories(temp.resolve("share/inbox"));
        Path otherMount = Files.createSymbolicLink(temp.resolve("mnt"), temp.resolve("share"));

        InboxIdentity first = InboxIdentity.of(inbox, true, true, "host-a");
        InboxIdentity again = InboxIdentity.of(otherMount.resolve("inbox"), true, true, "host-b");

        assertThat(first.marker()).isTrue();
        assertThat(first.note()).isNull();
        assertThat(first.id()).startsWith("marker:");
        assertThat(again.id()).as("another path (and host) to the same folder").isEqualTo(first.id());
        String content = Files.readString(inbox.resolve(InboxIdentity.MARKER));
        assertThat(content).contains(first.id().substring("marker:".length()));
        assertThat(InboxIdentity.of(Files.createDirectories(temp.resolve("other")), true, true, "host-a").id())
                .isNotEqualTo(first.id());
    }

    @Test
    void processesLookingAtANewInboxAtOnceAgreeOnOneId() throws Exception {
        Path inbox = Files.createDirectories(temp.resolve("fresh"));
        int lookers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(lookers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<InboxIdentity>> results = new ArrayList<>();
            for (int i = 0; i < lookers; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return InboxIdentity.of(inbox, true, true, "host-a");
                }));
            }
            start.countDown();
            List<String> ids = new ArrayList<>();
            for (Future<InboxIdentity> result : results) {
                InboxIdentity identity = result.get(30, TimeUnit.SECONDS);
                assertThat(identity.marker()).isTrue();
                ids.add(identity.id());
            }
            assertThat(ids).containsOnly(ids.get(0));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aMissingInboxIsCreatedLikeCamelWouldElseItIsKnownByItsPath() throws Exception {
        Path created = temp.resolve("not/yet");
        assertThat(InboxIdentity.of(created, true, true, "host-a").marker()).isTrue();
        assertThat(created.resolve(InboxIdentity.MARKER)).exists();

        Path missing = temp.resolve("must/exist");
        InboxIdentity byPath = InboxIdentity.of(missing, true, false, "host-a");
        assertThat(byPath.marker()).isFalse();
        assertThat(byPath.note()).contains("does not exist");
        assertThat(missing).doesNotExist();
    }

    @Test
    void withoutAMarkerTheInboxIsKnownByHostAndPath() throws Exception {
        Path inbox = Files.createDirectories(temp.resolve("hidden-taken"));

        InboxIdentity a = InboxIdentity.of(inbox, false, true, "host-a");
        assertThat(a.marker()).isFalse();
        assertThat(a.id()).startsWith("path:").hasSize("path:".length() + 64);
        assertThat(a.note()).contains("includeHiddenFiles");
        assertThat(inbox.resolve(InboxIdentity.MARKER)).as("a route that takes hidden files would take it")
                .doesNotExist();
        assertThat(InboxIdentity.of(inbox, false, true, "host-a").id()).isEqualTo(a.id());
        assertThat(InboxIdentity.of(inbox, false, true, "host-b").id())
                .as("the same path on another host is another folder").isNotEqualTo(a.id());
    }

    @Test
    void aMarkerThatCannotBeReadOrHoldsNoIdFallsBackToThePathAndSaysWhy() throws Exception {
        Path unreadable = Files.createDirectories(temp.resolve("unreadable"));
        Files.createDirectory(unreadable.resolve(InboxIdentity.MARKER));
        InboxIdentity a = InboxIdentity.of(unreadable, true, true, "host-a");
        assertThat(a.marker()).isFalse();
        assertThat(a.note()).contains("could not be read or written");

        Path garbage = Files.createDirectories(temp.resolve("garbage"));
        Files.writeString(garbage.resolve(InboxIdentity.MARKER), "not an id\n");
        InboxIdentity b = InboxIdentity.of(garbage, true, true, "host-a");
        assertThat(b.marker()).isFalse();
        assertThat(b.note()).contains("holds no inbox id");
        assertThat(Files.readString(garbage.resolve(InboxIdentity.MARKER))).as("never overwritten")
                .isEqualTo("not an id\n");
    }
}
