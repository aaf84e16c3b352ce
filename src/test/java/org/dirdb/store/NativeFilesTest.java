package org.dirdb.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stamp through {@code statx} is the stamp the JDK's attribute map gives, field for field; a native read
 * reads what the JDK would, and refuses what it would refuse.
 */
class NativeFilesTest {
    @TempDir
    Path dir;

    private static FileStamp nativeStamp(Path file) throws Exception {
        FileStamp stamp = NativeFiles.stamp(file);
        assertNotSame(NativeFiles.UNAVAILABLE_STAMP, stamp, "statx is available on the platforms tested");
        return stamp;
    }

    @Test
    void matchesTheJdk() throws Exception {
        Path file = dir.resolve("e.pickle");
        Files.write(file, new byte[5000]);
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("1969-12-31T23:59:58.123456789Z")));
        assertEquals(FileStamp.ofJdk(file), nativeStamp(file));
        assertEquals(5000, nativeStamp(file).size());

        FileStamp before = nativeStamp(file);
        Files.write(file, new byte[5000]); // same size, a new modification and change time
        FileStamp after = nativeStamp(file);
        assertEquals(FileStamp.ofJdk(file), after);
        assertNotEquals(before, after);
        assertEquals(FileStamp.ofJdk(file), FileStamp.of(file));
    }

    @Test
    void namesWithAnyCharacters() throws Exception {
        for (String name : new String[] {"é ü 名前.json", "what?.json", "a\uD83D\uDE00b.json"}) {
            Path file = dir.resolve(name);
            Files.writeString(file, name);
            assertEquals(FileStamp.ofJdk(file), nativeStamp(file), name);
            assertEquals(Files.size(file), nativeStamp(file).size(), name);
        }
    }

    @Test
    void presenceOfANameNotFollowingLinks() throws Exception {
        assertEquals(NativeFiles.ABSENT, NativeFiles.presence(dir.resolve(".e.commit")));
        Path file = Files.writeString(dir.resolve("e.json"), "{}");
        assertEquals(NativeFiles.PRESENT, NativeFiles.presence(file));
        // A symbolic link is a name, even when it leads nowhere: not followed, so present.
        Path dangling = Files.createSymbolicLink(dir.resolve(".d.commit"), dir.resolve("nowhere"));
        assertEquals(NativeFiles.PRESENT, NativeFiles.presence(dangling));
        assertEquals(NativeFiles.PRESENT, NativeFiles.presence(Files.createDirectory(dir.resolve("sub"))));
        // A path through a file is neither (ENOTDIR): the caller's stat decides, and reports the error.
        assertEquals(NativeFiles.UNKNOWN, NativeFiles.presence(file.resolve("x")));
        assertEquals(NativeFiles.ABSENT, NativeFiles.presence(dir.resolve("é ü 名前.json")));
        Files.writeString(dir.resolve("é ü 名前.json"), "{}");
        assertEquals(NativeFiles.PRESENT, NativeFiles.presence(dir.resolve("é ü 名前.json")));
        assertEquals(true, StorageIO.DEFAULT.exists(dangling));
        assertEquals(false, StorageIO.DEFAULT.exists(dir.resolve("missing.json")));
    }

    @Test
    void absentFileAndLinksNotFollowed() throws Exception {
        assertNull(nativeStamp(dir.resolve("missing.pickle")));
        Path target = dir.resolve("t.pickle");
        Files.write(target, new byte[10]);
        Path link = Files.createSymbolicLink(dir.resolve("l.pickle"), target);
        assertEquals(FileStamp.ofJdk(link), nativeStamp(link));
        assertNotEquals(nativeStamp(target).inode(), nativeStamp(link).inode());
    }

    @Test
    void readsAWholeFileAndNothingPastIt() throws Exception {
        byte[] content = new byte[3 * 4096 + 17];
        new java.util.Random(7).nextBytes(content);
        Path file = dir.resolve("r.pickle");
        Files.write(file, content);
        byte[] into = new byte[content.length];
        assertEquals(content.length, NativeFiles.read(file, into, false, null));
        org.junit.jupiter.api.Assertions.assertArrayEquals(content, into);

        byte[] onePage = new byte[100];
        assertEquals(100, NativeFiles.read(file, onePage, true, null));
        org.junit.jupiter.api.Assertions.assertArrayEquals(java.util.Arrays.copyOf(content, 100), onePage);

        byte[] larger = new byte[content.length + 10]; // the file is shorter than asked: what there is
        assertEquals(content.length, NativeFiles.read(file, larger, false, null));
    }

    @Test
    void stampsTheFileItReadThroughItsDescriptor() throws Exception {
        Path file = dir.resolve("s.pickle");
        Files.write(file, new byte[2 * 4096 + 5]);
        FileStamp[] after = new FileStamp[1];
        assertEquals(2 * 4096 + 5, NativeFiles.read(file, new byte[2 * 4096 + 5], false, after));
        assertEquals(nativeStamp(file), after[0], "unchanged: the descriptor's stamp is the path's");
    }

    @Test
    void refusesMissingFilesAndLinks() throws Exception {
        org.junit.jupiter.api.Assertions.assertThrows(java.nio.file.NoSuchFileException.class,
                () -> NativeFiles.read(dir.resolve("missing.pickle"), new byte[4], true, null));
        Path target = dir.resolve("t.json");
        Files.writeString(target, "{}");
        Path link = Files.createSymbolicLink(dir.resolve("l.json"), target);
        org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> NativeFiles.read(link, new byte[2], true, null));
        assertEquals(2, NativeFiles.read(target, new byte[2], true, null));
    }

    private static NativeFiles.Identity nativeIdentity(int fd) throws Exception {
        NativeFiles.Identity id = NativeFiles.identity(fd);
        assertNotSame(NativeFiles.UNAVAILABLE_IDENTITY, id, "statx is available on the platforms tested");
        return id;
    }

    @Test
    void theIdentityOfADescriptorIsThatOfThePathItWasOpenedByUntilThePathNamesAnotherFile() throws Exception {
        Path lock = dir.resolve("é ü.lock");
        int fd = NativeFlock.openLockFile(lock, true);
        try {
            NativeFiles.Identity held = nativeIdentity(fd);
            java.util.Map<String, Object> jdk = Files.readAttributes(lock, "unix:dev,ino");
            assertEquals(jdk.get("dev"), held.device());
            assertEquals(jdk.get("ino"), held.inode());
            org.junit.jupiter.api.Assertions.assertTrue(held.regular());
            NativeFiles.Identity named = NativeFiles.identity(lock);
            assertNotSame(NativeFiles.UNAVAILABLE_IDENTITY, named);
            org.junit.jupiter.api.Assertions.assertTrue(held.sameFile(named));
            org.junit.jupiter.api.Assertions.assertTrue(NativeFlock.stillNames(fd, lock));

            Files.delete(lock);
            assertNull(NativeFiles.identity(lock));
            org.junit.jupiter.api.Assertions.assertFalse(NativeFlock.stillNames(fd, lock));
            Files.createFile(lock); // the name again, another inode (the old one is still held open)
            org.junit.jupiter.api.Assertions.assertFalse(held.sameFile(NativeFiles.identity(lock)));
            org.junit.jupiter.api.Assertions.assertFalse(NativeFlock.stillNames(fd, lock));
        } finally {
            NativeFlock.closeQuietly(fd);
        }
    }

    @Test
    void onlyARegularFileIsRegular() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("sub.tmp"));
        Path fifo = dir.resolve("f.tmp");
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).redirectErrorStream(true).start();
        assertEquals(0, p.waitFor());
        Path file = Files.writeString(dir.resolve("r.tmp"), "x");
        for (Path each : new Path[] {sub, fifo, file}) {
            int fd = NativeFlock.openExisting(each); // O_NONBLOCK: a FIFO opens without a writer
            try {
                assertEquals(each == file, nativeIdentity(fd).regular(), each.toString());
                assertEquals(each == file, NativeFlock.isRegular(fd), each.toString());
            } finally {
                NativeFlock.closeQuietly(fd);
            }
        }
        // A link is not followed: its own identity, not its target's.
        Path link = Files.createSymbolicLink(dir.resolve("l.tmp"), file);
        NativeFiles.Identity ofLink = NativeFiles.identity(link);
        assertNotSame(NativeFiles.UNAVAILABLE_IDENTITY, ofLink);
        assertEquals(Files.readAttributes(link, "unix:ino", java.nio.file.LinkOption.NOFOLLOW_LINKS).get("ino"),
                ofLink.inode());
        org.junit.jupiter.api.Assertions.assertFalse(ofLink.regular());
        org.junit.jupiter.api.Assertions.assertFalse(ofLink.sameFile(NativeFiles.identity(file)));
        org.junit.jupiter.api.Assertions.assertFalse(
                NativeFiles.UNAVAILABLE_IDENTITY.sameFile(NativeFiles.UNAVAILABLE_IDENTITY));
    }

    @Test
    void aDescriptorThatIsNotOpenNamesNothing() throws Exception {
        Path file = Files.writeString(dir.resolve("x.lock"), "");
        org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> NativeFiles.identity(-1));
        org.junit.jupiter.api.Assertions.assertFalse(NativeFlock.stillNames(-1, file));
        org.junit.jupiter.api.Assertions.assertFalse(NativeFlock.isRegular(-1));
    }
}
