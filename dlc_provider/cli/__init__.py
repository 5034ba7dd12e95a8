"""`dlc-stack`: the experiment command line (up / down / status / logs / run, and the local fake cloud).

Built on the Pulumi Automation API with the project's own engine set-up (`dlc_provider.engine`). Nothing
here is imported by the resources or the provider.
"""
