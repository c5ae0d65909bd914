"""Running the project: the DAG of ``make report`` (content-hash staleness), notebook runs with
papermill on forked kernels, the steps' actions, parameters, Ctrl-C. The command line
(``analysis.__main__``) sits on top of this and is imported by nothing.
"""
