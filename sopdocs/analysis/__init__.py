"""Analysis: pure functions of the process model that return dataclasses.

`sopdocs.analysis.schedule.schedule` computes the expected path, earliest start and
finish of every scheduled step, slack and the critical path;
`sopdocs.analysis.metrics.process_metrics` derives lead time, work and wait time, flow
efficiency, handoffs and where the work goes; `sopdocs.analysis.forecast.forecast`
adds the forecast of issue 15: exact expectations with rework (`expected`, over the
flow regions of `flow`), Monte Carlo runs (`montecarlo`) and queues (`queueing`). The
semantics are documented in docs/analysis.md. (Nothing is re-exported here: the function `schedule` would shadow
its module.)
"""
