package io.edgecv.testing;

import java.nio.file.Path;
import java.util.List;

/** A second JVM resolving fixtures into the same cache as the test's, to check the cross-process lock. */
public final class ResolverChild {
    private ResolverChild() {
    }

    /** @param args cache folder, then fixture paths @throws Exception if one cannot be had */
    public static void main(String[] args) throws Exception {
        FixtureResolver r = new FixtureResolver(List.of(), Path.of(args[0]), false);
        for (int i = 1; i < args.length; i++) {
            System.out.println(r.resolve(args[i]));
        }
    }
}
