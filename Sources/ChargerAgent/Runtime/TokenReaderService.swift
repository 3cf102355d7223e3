import HAL
import HALInput
import HALNFC
import ServiceLifecycle

/// A real card reader: a `TokenReader` whose `run()` must run for it to read (and to find its device again
/// after it was unplugged).
protocol RunningTokenReader: TokenReader {
    func run() async
}

extension HIDTokenReader: RunningTokenReader {}
extension NFCTokenReader: RunningTokenReader {}

/// The board's real card reader following its device; cancellation is the normal end.
struct TokenReaderService: Service, CustomStringConvertible {
    let reader: any RunningTokenReader

    func run() async throws {
        let reader = reader
        await cancelWhenGracefulShutdown {
            await reader.run()
        }
    }

    var description: String { "TokenReaderService" }
}
