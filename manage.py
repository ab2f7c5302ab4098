#!/usr/bin/env python
from danchu.__main__ import main

if __name__ == "__main__":
    main()
