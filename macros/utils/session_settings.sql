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
