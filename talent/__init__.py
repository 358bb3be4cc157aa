"""talent: find production AI engineers from their public GitHub and Hugging Face activity.

The stages live in top-level packages that tell the story: ``crawler`` collects,
``indexer`` scores and embeds, ``search`` ranks and explains. ``talent`` holds the small
core they share: settings, the store and the command line.
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
