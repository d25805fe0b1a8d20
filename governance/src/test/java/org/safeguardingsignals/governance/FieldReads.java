package org.safeguardingsignals.governance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Which classes of the applications call which methods of the contracts' generated classes, read from their
 * bytecode: a method call, or a method reference ({@code Referral::getChild}). Validation in the schemas module is not
 * read: checking a field is not a use of it.
 */
final class FieldReads {
    /** "owner/internal/Name.method" to the classes (dotted names) that call it. */
    private final Map<String, Set<String>> readers = new HashMap<>();

    /** Reads every class in the code sources (a directory of classes or a jar) of the given classes. */
    static FieldReads of(List<Class<?>> fromTheCodeSourcesOf) {
        FieldReads reads = new FieldReads();
        Set<Path> sources = new TreeSet<>();
        for (Class<?> c : fromTheCodeSourcesOf) {
            try {
                sources.add(Path.of(
                        c.getProtectionDomain().getCodeSource().getLocation().toURI()));
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        sources.forEach(reads::scan);
        return reads;
    }

    /** The classes that call {@code method} on {@code owner} (a full Avro or Java class name). */
    Set<String> readersOf(String owner, String method) {
        return readers.getOrDefault(owner.replace('.', '/') + "." + method, Set.of());
    }

    private void scan(Path source) {
        try {
            if (Files.isDirectory(source)) {
                try (Stream<Path> files = Files.walk(source)) {
                    for (Path f :
                            files.filter(p -> p.toString().endsWith(".class")).toList()) {
                        try (InputStream in = Files.newInputStream(f)) {
                            read(in);
                        }
                    }
                }
            } else {
                try (JarFile jar = new JarFile(source.toFile())) {
                    for (var entry : jar.stream()
                            .filter(e -> e.getName().endsWith(".class"))
                            .toList()) {
                        try (InputStream in = jar.getInputStream(entry)) {
                            read(in);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void read(InputStream in) throws IOException {
        ClassReader reader = new ClassReader(in);
        String reading = reader.getClassName().replace('/', '.');
        reader.accept(
                new ClassVisitor(Opcodes.ASM9) {
                    @Override
                    public MethodVisitor visitMethod(
                            int access, String name, String descriptor, String signature, String[] exceptions) {
                        return new MethodVisitor(Opcodes.ASM9) {
                            @Override
                            public void visitMethodInsn(
                                    int opcode, String owner, String method, String desc, boolean isInterface) {
                                note(owner, method, reading);
                            }

                            @Override
                            public void visitInvokeDynamicInsn(
                                    String method, String desc, Handle bootstrap, Object... arguments) {
                                for (Object argument : arguments) {
                                    if (argument instanceof Handle h) {
                                        note(h.getOwner(), h.getName(), reading);
                                    }
                                }
                            }
                        };
                    }
                },
                ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
    }

    private void note(String owner, String method, String reading) {
        readers.computeIfAbsent(owner + "." + method, k -> new TreeSet<>()).add(reading);
    }
}
