package io.trunkline.controlplane.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code trunkline completion}: the bash (and zsh, through bashcompinit) completion script of every command. */
@Command(name = "completion",
        description = "Print the bash completion script: source <(trunkline completion), or save it in /etc/bash_completion.d/trunkline.")
final class CompletionCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().getOut().print(AutoComplete.bash("trunkline", spec.root().commandLine()));
        spec.commandLine().getOut().flush();
    }
}
