namespace SseOrleans.Benchmarks.Load;

/// <summary>
/// <c>--sample-interval</c>: the server's RSS read every few seconds of a measured window, for a soak:
/// is memory flat over minutes under a steady load? Drift is last against first, range is max − min
/// against first, both in % of the first sample.
/// </summary>
internal sealed class RssSamples(double intervalSeconds)
{
    private readonly List<double> _megabytes = [];

    public int Count => _megabytes.Count;

    public void Add(double megabytes)
    {
        if (double.IsFinite(megabytes))
        {
            _megabytes.Add(megabytes);
        }
    }

    public void AddTo(ResultLine result)
    {
        if (_megabytes.Count == 0)
        {
            return;
        }

        double first = _megabytes[0], last = _megabytes[^1], min = first, max = first;
        foreach (var sample in _megabytes)
        {
            min = Math.Min(min, sample);
            max = Math.Max(max, sample);
        }

        result
            .Add("rss_sample_s", intervalSeconds)
            .Add("rss_samples_mb", _megabytes)
            .Add("rss_first_mb", first)
            .Add("rss_last_mb", last)
            .Add("rss_min_mb", min)
            .Add("rss_max_mb", max)
            .Add("rss_drift_pct", 100 * (last - first) / first)
            .Add("rss_range_pct", 100 * (max - min) / first);
    }
}
