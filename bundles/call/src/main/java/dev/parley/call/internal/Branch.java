package dev.parley.call.internal;

import javax.sip.ClientTransaction;

/**
 * One INVITE forked to a contact of the callee: its client transaction and the early dialog it would become.
 * Guarded by the lock of its {@link CallSession}.
 */
public final class Branch {

    private final ClientTransaction transaction;
    private final Leg leg;
    private final String contact;
    private boolean provisional;
    private boolean cancelWanted;
    private boolean finished;

    public Branch(ClientTransaction transaction, Leg leg, String contact) {
        this.transaction = transaction;
        this.leg = leg;
        this.contact = contact;
    }

    public ClientTransaction transaction() {
        return transaction;
    }

    public Leg leg() {
        return leg;
    }

    public String contact() {
        return contact;
    }

    /** A provisional response came: a CANCEL may be sent now (RFC 3261 section 9.1). */
    public boolean provisional() {
        return provisional;
    }

    public void setProvisional() {
        this.provisional = true;
    }

    /** Cancelled before any provisional response: the CANCEL goes out with the first one. */
    public boolean cancelWanted() {
        return cancelWanted;
    }

    public void setCancelWanted() {
        this.cancelWanted = true;
    }

    public boolean finished() {
        return finished;
    }

    public void setFinished() {
        this.finished = true;
    }
}
