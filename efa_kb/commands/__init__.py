"""The library behind the command line: one module per command that is more than a pipeline call.

Commands may use the pipeline and every stage; no stage imports a command.
"""
