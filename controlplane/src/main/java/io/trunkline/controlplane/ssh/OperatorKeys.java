package io.trunkline.controlplane.ssh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Optional;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.common.util.io.IoUtils;
import org.apache.sshd.server.auth.pubkey.AuthorizedKeyEntriesPublickeyAuthenticator;
import org.apache.sshd.server.auth.pubkey.PublickeyAuthenticator;
import org.apache.sshd.server.config.keys.AuthorizedKeysAuthenticator;
import org.apache.sshd.server.session.ServerSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may log in: the holders of a key in the operators' authorized_keys file, under any user name
 * (the key is the identity). MINA's {@link AuthorizedKeysAuthenticator} reads the file again when its
 * size or modification time changes, so adding or removing an operator key needs no restart; with no
 * file, or an empty one, nobody logs in. Options {@code from="..."} and {@code expiry-time="..."} are
 * honoured; other OpenSSH key options ({@code command=}, {@code no-pty}, ...) are not.
 *
 * <p>Each login is logged with the key's fingerprint and the comment of its authorized_keys line.
 */
final class OperatorKeys implements PublickeyAuthenticator, SessionListener {
    private static final Logger LOG = LoggerFactory.getLogger(OperatorKeys.class);

    /** The last key the file accepted for the session: the one whose signature completes the login. */
    private static final AttributeRepository.AttributeKey<PublicKey> ACCEPTED_KEY = new AttributeRepository.AttributeKey<>();

    private final AuthorizedKeysAuthenticator authorizedKeys;

    OperatorKeys(Path authorizedKeysFile) {
        // Followed through symbolic links: operators often keep the file under configuration management.
        this.authorizedKeys = new AuthorizedKeysAuthenticator(authorizedKeysFile, IoUtils.getLinkOptions(true));
    }

    /** Why nobody could log in with {@code authorizedKeysFile}: empty when it holds at least one key. */
    static Optional<String> whyNoOperator(Path authorizedKeysFile) {
        if (!Files.exists(authorizedKeysFile)) {
            return Optional.of("no operator key: " + authorizedKeysFile + " does not exist");
        }
        try {
            return AuthorizedKeyEntry.readAuthorizedKeys(authorizedKeysFile).isEmpty()
                    ? Optional.of("no operator key in " + authorizedKeysFile) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.of("cannot read the operator keys of " + authorizedKeysFile + ": " + e.getMessage());
        }
    }

    @Override
    public boolean authenticate(String username, PublicKey key, ServerSession session) {
        boolean accepted = authorizedKeys.authenticate(username, key, session);
        if (accepted) {
            session.setAttribute(ACCEPTED_KEY, key);
        }
        return accepted;
    }

    @Override
    public void sessionEvent(Session session, Event event) {
        if (event != Event.Authenticated) {
            return;
        }
        PublicKey key = session.getAttribute(ACCEPTED_KEY);
        AuthorizedKeyEntry entry = session.getAttribute(AuthorizedKeyEntriesPublickeyAuthenticator.AUTHORIZED_KEY);
        String comment = entry == null || entry.getComment() == null || entry.getComment().isBlank()
                ? "" : " (" + entry.getComment().strip() + ")";
        LOG.info("ssh login: user {} from {} with {} key {}{}", session.getUsername(), session.getRemoteAddress(),
                KeyUtils.getKeyType(key), KeyUtils.getFingerPrint(key), comment);
    }
}
