namespace T2CSim.Core.Controller;

/// <summary>What finally happened to a request. Arrived = served + missed + unserved, always.</summary>
public enum RequestOutcome
{
    /// <summary>Ran, and met both its accuracy and its latency requirement.</summary>
    Served,
    /// <summary>Ran, but missed a requirement (see the cause).</summary>
    Missed,
    /// <summary>Never produced a result: still queued or running at the end, rejected, lost, or given up.</summary>
    Unserved,
}
