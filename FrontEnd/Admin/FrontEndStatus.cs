namespace SseOrleans.FrontEnd.Admin;

/// <summary>A front-end as it last reported to the cluster directory; <c>self</c> marks the one answering.</summary>
internal sealed record FrontEndStatus(string Node, int Connections, long MsgsBroadcast, long ReportedAt, bool Self);
