using System.Buffers;
using System.IO.Pipelines;
using System.Text;

namespace SseOrleans.Api.Tests.FanOut;

/// <summary>A response body that records what was written and how often it was flushed.</summary>
internal sealed class RecordingPipeWriter : PipeWriter
{
    private readonly ArrayBufferWriter<byte> _written = new();
    private TaskCompletionSource<FlushResult>? _stalledFlush;
    private TaskCompletionSource _flushWaiting = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private readonly System.Threading.Channels.Channel<int> _flushed = System.Threading.Channels.Channel.CreateUnbounded<int>();

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
        _flushed.Writer.TryWrite(Flushes);
        if (!Stalled)
        {
            return ValueTask.FromResult(new FlushResult(isCanceled: false, isCompleted: false));
        }

        _stalledFlush = new TaskCompletionSource<FlushResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        cancellationToken.Register(() => _stalledFlush.TrySetCanceled(cancellationToken));
        _flushWaiting.TrySetResult();
        return new ValueTask<FlushResult>(_stalledFlush.Task);
    }

    public override void CancelPendingFlush() => _stalledFlush?.TrySetResult(new FlushResult(isCanceled: true, isCompleted: false));

    /// <summary>Fails the flush that is waiting, as a transport that broke in an unexpected way would.</summary>
    public void FailPendingFlush(Exception exception) => _stalledFlush?.TrySetException(exception);

    /// <summary>Completes the flush that is waiting, as a client that read what was sent.</summary>
    public void CompletePendingFlush()
    {
        _flushWaiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _stalledFlush?.TrySetResult(new FlushResult(isCanceled: false, isCompleted: false));
    }

    /// <summary>Completes when a flush is waiting for the client (since the last <see cref="CompletePendingFlush"/>).</summary>
    public Task FlushWaitingAsync() => _flushWaiting.Task;

    /// <summary>Completes at the next flush (one that happened already included), with the count so far.</summary>
    public async Task<int> NextFlushAsync(CancellationToken cancellationToken) => await _flushed.Reader.ReadAsync(cancellationToken);

    /// <summary>True while a flush waits for the client.</summary>
    public bool FlushPending => _stalledFlush is { Task.IsCompleted: false };

    public override void Complete(Exception? exception = null)
    {
    }
}
