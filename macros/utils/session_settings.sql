{#- PostgreSQL compiles large queries with JIT; the staging models' parse
    expressions are so large that compiling them took minutes for a query
    that runs in a second. -#}
{% macro session_settings() %}
    {{ return(adapter.dispatch('session_settings', 'loyalty')()) }}
{% endmacro %}

{% macro default__session_settings() %}
    {{ return('') }}
{% endmacro %}

{% macro postgres__session_settings() %}
    {{ return('set jit = off') }}
{% endmacro %}

{#- PostgreSQL inlines a CTE read once into the query that reads it, which
    repeats each parse expression wherever a parsed column is used (a dozen
    regular expressions per timestamp, evaluated five times): `materialized`
    computes them once. DuckDB and Spark evaluate them once as they are. -#}
{% macro materialized_cte() %}
    {{ return(adapter.dispatch('materialized_cte', 'loyalty')()) }}
{% endmacro %}

{% macro default__materialized_cte() %}
    {{ return('') }}
{% endmacro %}

{% macro postgres__materialized_cte() %}
    {{ return('materialized') }}
{% endmacro %}

{#- DuckDB computes and stores every CTE that a query reads more than once,
    which for an import CTE (`select * from` a model) copies a whole table
    before reading it; `not materialized` scans the table at each use instead
    (docs/decisions.md, "Import CTEs read twice are not copied"). PostgreSQL
    and Spark plan such a CTE well as written. -#}
{% macro inlined_cte() %}
    {{ return(adapter.dispatch('inlined_cte', 'loyalty')()) }}
{% endmacro %}

{% macro default__inlined_cte() %}
    {{ return('') }}
{% endmacro %}

{% macro duckdb__inlined_cte() %}
    {{ return('not materialized') }}
{% endmacro %}

{#- A CTE that chooses a few rows of a large model (the customers an
    incremental build recomputes) before the query joins them with other
    large models: DuckDB otherwise joins every row first and applies the
    choice after the join (docs/decisions.md, "Daily runs"). `materialized`
    computes the choice first, on DuckDB and PostgreSQL; Spark plans it as
    written. -#}
{% macro chosen_rows_cte() %}
    {{ return(adapter.dispatch('chosen_rows_cte', 'loyalty')()) }}
{% endmacro %}

{% macro default__chosen_rows_cte() %}
    {{ return('') }}
{% endmacro %}

{% macro duckdb__chosen_rows_cte() %}
    {{ return('materialized') }}
{% endmacro %}

{% macro postgres__chosen_rows_cte() %}
    {{ return('materialized') }}
{% endmacro %}

{#- PostgreSQL also pulls a plain subquery up into the query that reads it,
    pasting each of its expressions wherever its column is used. Over the
    chained subqueries of loyalty.maximum_likelihood that grows the
    expressions exponentially (the planner ran out of memory): OFFSET 0
    keeps each subquery a unit of its own. DuckDB and Spark keep shared
    expressions shared. -#}
{% macro subquery_fence() %}
    {{ return(adapter.dispatch('subquery_fence', 'loyalty')()) }}
{% endmacro %}

{% macro default__subquery_fence() %}
    {{ return('') }}
{% endmacro %}

{% macro postgres__subquery_fence() %}
    {{ return(' offset 0') }}
{% endmacro %}
