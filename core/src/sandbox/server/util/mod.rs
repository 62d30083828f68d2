pub use self::equal_reader::EqualReader;
pub use self::fused_reader::FusedReader;
pub use self::messages_queue::MessagesQueue;
pub use self::refined_tcp_stream::RefinedTcpStream;
pub use self::sequential::SequentialWriterBuilder;
pub use self::sequential::{SequentialReader, SequentialReaderBuilder};
pub use self::task_pool::TaskPool;

mod equal_reader;
mod fused_reader;
mod messages_queue;
mod refined_tcp_stream;
mod sequential;
mod task_pool;
