"""What every stage shares, below all of them: the declaration of every table (columns, types,
constraints, descriptions: tableschema) and its closed sets (vocabulary, domains), the pandera
schemas built from them (schema), reading and writing the tables atomically (tables), problems and
their messages (errors), text helpers (text). Imports no other stage.
"""
