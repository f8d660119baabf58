package io.trunkline.controlplane.admin;

import io.trunkline.controlplane.config.ConfigDiff;
import java.util.List;

/**
 * What a runtime change or a reload did to the running configuration.
 *
 * @param summary      a header line and one indented line per change, as {@code trunkline} prints it
 * @param live         each change applied now, one line each ({@code + vip api 198.19.0.9:8080/tcp ...})
 * @param afterRestart each change that takes effect only when the daemon restarts
 */
public record ChangeReport(String summary, List<String> live, List<String> afterRestart) {
    public ChangeReport {
        live = List.copyOf(live);
        afterRestart = List.copyOf(afterRestart);
    }

    static ChangeReport of(ConfigDiff diff) {
        return new ChangeReport(diff.summary(), diff.live().stream().map(ConfigDiff.Change::describe).toList(),
                diff.restartRequired().stream().map(ConfigDiff.Change::describe).toList());
    }
}
