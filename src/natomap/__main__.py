from natomap.cli import main

main()
