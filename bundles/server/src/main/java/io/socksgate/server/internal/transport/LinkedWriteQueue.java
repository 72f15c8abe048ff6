package io.socksgate.server.internal.transport;

import org.apache.mina.core.session.AbstractIoSession;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.write.WriteRequest;
import org.apache.mina.core.write.WriteRequestQueue;

/**
 * A session's pending writes as a linked list under the queue's own lock, holding nothing while
 * it is empty.
 *
 * <p>Why: MINA's default wraps a {@code ConcurrentLinkedQueue}, which keeps a node even when
 * empty, behind a second object: about 90 bytes per session for an idle tunnel's life. Writes are
 * offered by the session's I/O thread (the relay) or another thread (a reply after blocking work)
 * and polled by the I/O thread, so the lock is almost never contended.
 *
 * <p>MINA's contract, kept here: polling its close request closes the session and returns null.
 */
final class LinkedWriteQueue implements WriteRequestQueue {

    private static final class Node {
        final WriteRequest request;
        Node next;

        Node(WriteRequest request) {
            this.request = request;
        }
    }

    private Node head;
    private Node tail;
    private int size;

    @Override
    public WriteRequest poll(IoSession session) {
        WriteRequest request;
        synchronized (this) {
            Node first = head;
            if (first == null) {
                return null;
            }
            head = first.next;
            if (head == null) {
                tail = null;
            }
            size--;
            request = first.request;
        }
        if (request == AbstractIoSession.CLOSE_REQUEST) {
            session.closeNow(); // closeOnFlush: everything written before it has been flushed
            return null;
        }
        return request;
    }

    @Override
    public synchronized void offer(IoSession session, WriteRequest writeRequest) {
        Node node = new Node(writeRequest);
        if (tail == null) {
            head = node;
        } else {
            tail.next = node;
        }
        tail = node;
        size++;
    }

    @Override
    public synchronized boolean isEmpty(IoSession session) {
        return head == null;
    }

    @Override
    public synchronized void clear(IoSession session) {
        head = null;
        tail = null;
        size = 0;
    }

    @Override
    public void dispose(IoSession session) {
        // Nothing to release beyond what clear drops.
    }

    @Override
    public synchronized int size() {
        return size;
    }

    @Override
    public synchronized String toString() {
        return "LinkedWriteQueue[" + size + "]";
    }
}
