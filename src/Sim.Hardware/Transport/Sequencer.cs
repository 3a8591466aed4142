namespace T2CSim.Hardware.Transport;

/// <summary>Sequence numbers of one sender: increasing from 1, shared by its threads.</summary>
public sealed class Sequencer
{
    private long _last;
    public ulong Next() => (ulong)Interlocked.Increment(ref _last);
}
