using System.Buffers;
using System.IO.Pipelines;
using System.Text;

namespace SseOrleans.Api.Tests.FanOut;

/// <summary>A response body that records what was written and how often it was flushed.</summary>
internal sealed class RecordingPipeWriter : PipeWriter
{
    private readonly ArrayBufferWriter<byte> _written = new();
    private TaskCompletionSource<FlushResult>? _stalledFlush;

    public int Flushes { get; private set; }

    public string Text => Encoding.UTF8.GetString(_written.WrittenSpan);

    /// <summary>From now on flushes never complete on their own, like a client that stopped reading.</summary>
    public bool Stalled { get; set; }

    public override void Advance(int bytes) => _written.Advance(bytes);

    public override Memory<byte> GetMemory(int sizeHint = 0) => _written.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) => _written.GetSpan(sizeHint);

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        Flushes++;
        if (!Stalled)
        {
            return ValueTask.FromResult(new FlushResult(isCanceled: false, isCompleted: false));
        }

        _stalledFlush = new TaskCompletionSource<FlushResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        cancellationToken.Register(() => _stalledFlush.TrySetCanceled(cancellationToken));
        return new ValueTask<FlushResult>(_stalledFlush.Task);
    }

    public override void CancelPendingFlush() => _stalledFlush?.TrySetResult(new FlushResult(isCanceled: true, isCompleted: false));

    public override void Complete(Exception? exception = null)
    {
    }
}
