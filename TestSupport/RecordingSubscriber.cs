using System.Diagnostics;

namespace SseOrleans.TestSupport;

/// <summary>
/// A subscriber as EventSource is one, for counting what it got: one background loop reads its stream
/// (<see cref="SseClient"/>, the BCL's parser), records every event (data, id, arrival), and when the stream
/// ends, or when told to move, reconnects with the last id it got (<c>Last-Event-ID</c>), retrying refusals
/// as a browser does. With one front-end address (an ingress) it reconnects through that address.
/// </summary>
public sealed class RecordingSubscriber : IAsyncDisposable
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(250);
    private readonly HttpClient[] _frontEnds;
    private readonly Lock _gate = new();
    private readonly List<(string Data, string? Id, long Arrived)> _received = [];
    private readonly CancellationTokenSource _stop = new();
    private CancellationTokenSource _move = new();
    private TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _frontEnd;
    private string? _lastId;
    private Task _run = Task.CompletedTask;

    private RecordingSubscriber(string path, HttpClient[] frontEnds, int frontEnd)
    {
        Path = path;
        _frontEnds = frontEnds;
        _frontEnd = frontEnd;
    }

    public string Path { get; }

    /// <summary>When its first connection was answered <c>200</c> (<see cref="Stopwatch"/> ticks): what was published after that is its due.</summary>
    public long Opened { get; private set; }

    /// <summary>Connections opened after the first: those it was told to make and those it made because its stream ended.</summary>
    public int Reconnects { get; private set; }

    /// <summary>Subscribes; returns once the first connection is open, or fails after <paramref name="patience"/> (30 s).</summary>
    public static async Task<RecordingSubscriber> OpenAsync(string path, HttpClient[] frontEnds, int frontEnd = 0, TimeSpan? patience = null)
    {
        var subscriber = new RecordingSubscriber(path, frontEnds, frontEnd);
        subscriber._run = subscriber.RunAsync();
        try
        {
            await subscriber._connected.Task.WaitAsync(patience ?? TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            await subscriber.DisposeAsync();
            throw new TimeoutException($"{path}: no connection was answered 200 within {patience ?? TimeSpan.FromSeconds(30)}.");
        }

        return subscriber;
    }

    public (string Data, string? Id, long Arrived)[] Received()
    {
        lock (_gate)
        {
            return [.. _received];
        }
    }

    public bool HasAll(IReadOnlySet<string> expected)
    {
        lock (_gate)
        {
            return expected.Count <= _received.Count && expected.IsSubsetOf(_received.Select(r => r.Data));
        }
    }

    /// <summary>Drops its connection and opens one on the next front-end from the last id it got; returns once it is open.</summary>
    public async Task MoveAsync()
    {
        var connected = _connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await _move.CancelAsync();
        await connected.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run;
        _stop.Dispose();
        _move.Dispose();
    }

    public override string ToString() => $"{Path} on front-end {_frontEnd + 1} ({Reconnects} reconnects)";

    private async Task RunAsync()
    {
        var first = true;
        while (!_stop.IsCancellationRequested)
        {
            await using var client = await ConnectAsync();
            if (client is null)
            {
                return;
            }

            if (first)
            {
                Opened = Stopwatch.GetTimestamp();
            }
            else
            {
                Reconnects++;
            }

            first = false;
            _connected.TrySetResult();
            using var either = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token, _move.Token);
            await ReadAsync(client, either.Token);
            if (_move.IsCancellationRequested && !_stop.IsCancellationRequested)
            {
                _move.Dispose();
                _move = new CancellationTokenSource();
                _frontEnd = (_frontEnd + 1) % _frontEnds.Length;
            }
        }
    }

    private async Task<SseClient?> ConnectAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                return await SseClient.OpenAsync(_frontEnds[_frontEnd], "/subscribe" + Path, _lastId, cancellationToken: _stop.Token);
            }
            catch (Exception) when (!_stop.IsCancellationRequested)
            {
                // Refused (503 while the cluster settles) or not answered: EventSource waits its retry time and tries again.
                await Task.Delay(RetryDelay, CancellationToken.None);
            }
        }

        return null;
    }

    // Until the stream ends or the token says stop or move.
    private async Task ReadAsync(SseClient client, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var item = await client.NextAsync(cancellationToken);
                lock (_gate)
                {
                    _received.Add((item.Data, item.EventId, Stopwatch.GetTimestamp()));
                    _lastId = item.EventId ?? _lastId;
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && !client.Ended)
            {
                // Nothing for a while (SseClient's own wait is bounded): keep waiting.
            }
            catch (Exception)
            {
                // The stream ended (the server closed it, or the connection broke), or we are stopping or moving.
                return;
            }
        }
    }
}
