print("fix")
