use std::collections::VecDeque;
use std::sync::{Arc, Condvar, Mutex};

enum Control<T> {
    Elem(T),
    Unblock,
}

struct Inner<T> {
    items: VecDeque<Control<T>>,
    // idiligo patch: set by `close`; nothing is queued afterwards
    closed: bool,
}

pub struct MessagesQueue<T>
where
    T: Send,
{
    queue: Mutex<Inner<T>>,
    condvar: Condvar,
}

impl<T> MessagesQueue<T>
where
    T: Send,
{
    pub fn with_capacity(capacity: usize) -> Arc<MessagesQueue<T>> {
        Arc::new(MessagesQueue {
            queue: Mutex::new(Inner {
                items: VecDeque::with_capacity(capacity),
                closed: false,
            }),
            condvar: Condvar::new(),
        })
    }

    /// Pushes an element to the queue; after [`close`](Self::close) the element is dropped
    /// instead (outside the lock).
    pub fn push(&self, value: T) {
        let mut queue = self.queue.lock().unwrap();
        if queue.closed {
            drop(queue);
            drop(value);
            return;
        }
        queue.items.push_back(Control::Elem(value));
        self.condvar.notify_one();
    }

    /// Unblock one thread stuck in pop loop.
    pub fn unblock(&self) {
        let mut queue = self.queue.lock().unwrap();
        queue.items.push_back(Control::Unblock);
        self.condvar.notify_one();
    }

    /// Pops an element, waiting until there is one; `None` for an [`unblock`](Self::unblock)
    /// (each call of which releases one waiter), and once the queue is closed.
    ///
    /// idiligo patch: replaces upstream's `pop_timeout`; the sandbox's workers wait here
    /// without polling (they used to wake every 100 ms to look at their stop flag).
    pub fn pop(&self) -> Option<T> {
        let mut queue = self.queue.lock().unwrap();
        loop {
            if queue.closed {
                return None;
            }
            match queue.items.pop_front() {
                Some(Control::Elem(value)) => return Some(value),
                Some(Control::Unblock) => return None,
                None => queue = self.condvar.wait(queue).unwrap(),
            }
        }
    }

    /// idiligo patch: closes the queue: what it holds is dropped (outside the lock), what is
    /// pushed later is dropped at once, and every waiter is released.
    pub fn close(&self) {
        let items = {
            let mut queue = self.queue.lock().unwrap();
            queue.closed = true;
            self.condvar.notify_all();
            std::mem::take(&mut queue.items)
        };
        drop(items);
    }
}
