package org.sparsetrain.kernels.cuda;

/** Whether any class of the JavaCPP CUDA presets was loaded, found without loading one. */
final class PresetClasses {
    private PresetClasses() {}

    static boolean loaded() {
        ClassLoader cl = PresetClasses.class.getClassLoader();
        // a package is defined with its first class, so this does not trigger loading
        for (String p : new String[] {"org.bytedeco.cuda.global", "org.bytedeco.cuda.cudart", "org.bytedeco.cuda.cublas"}) {
            if (cl.getDefinedPackage(p) != null) return true;
        }
        return false;
    }
}
