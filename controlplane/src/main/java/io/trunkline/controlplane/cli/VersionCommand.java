package io.trunkline.controlplane.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code trunkline version}. */
@Command(name = "version", description = "Print the Trunkline version and the runtime it runs on.")
final class VersionCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        for (String line : new Provider().getVersion()) {
            spec.commandLine().getOut().println(line);
        }
    }

    static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = TrunklineCommand.class.getPackage().getImplementationVersion();
            return new String[] {
                "trunkline " + (version == null ? "development build" : version),
                "java " + Runtime.version() + " (" + System.getProperty("java.vm.vendor") + ")"
            };
        }
    }
}
