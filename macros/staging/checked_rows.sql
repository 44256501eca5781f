{#- Incremental checks 3 to 5 (docs/decisions.md, "Daily runs"). The base
    model of an event source (orders, order_items, survey_responses,
    points_ledger) keeps every parsed row with the reason of checks 1-4 and
    has_repeated_key. A run checks again only the rows a new run can change;
    the model says which, each row carries the time it was last checked. -#}

{#- The time the dbt invocation started, as a timestamp literal: when a
    parsed row was read (parsed_at) or a base row last checked (checked_at). -#}
{% macro run_timestamp() -%}
    cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}' as {{ dbt.type_timestamp() }})
{%- endmacro %}

{#- Incremental where the engine can replace rows in place (delete+insert on
    DuckDB and PostgreSQL); a table on Spark, whose parquet tables without
    Delta cannot delete rows, so each run checks every row there. -#}
{% macro checked_rows_materialization() %}
    {{ return(adapter.dispatch('checked_rows_materialization', 'loyalty')()) }}
{% endmacro %}

{% macro default__checked_rows_materialization() %}
    {{ return('incremental') }}
{% endmacro %}

{% macro spark__checked_rows_materialization() %}
    {{ return('table') }}
{% endmacro %}

{#- Whether this incremental run checks only the rows that can change (true),
    or every row (false: a full run, or a base model whose rows no longer
    match its parsed model's). The rows match when the parsed model holds,
    among the rows it read up to the base model's last check, exactly as many
    rows as the base model: a parsed model that read its source again (other
    settings, a changed or removed file) dates every row anew, and so does
    not match. -#}
{% macro checks_new_rows_only(parsed, explain=true) %}
    {%- if not execute or not is_incremental() -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set counts = run_query(
        "select (select count(*) from " ~ this ~ ") as checked_rows, "
        ~ "(select count(*) from " ~ parsed ~ " where parsed_at <= (select max(checked_at) from " ~ this ~ ")) as parsed_rows"
    ).rows[0] -%}
    {%- if counts[0] > 0 and counts[0] == counts[1] -%}
        {{ return(true) }}
    {%- endif -%}
    {%- if counts[0] > 0 and explain -%}
        {{ log(this.identifier ~ ": checking every row again: it holds " ~ counts[0] ~ " rows, "
            ~ parsed.identifier ~ " " ~ counts[1] ~ " read before its last check.", info=true) }}
    {%- endif -%}
    {{ return(false) }}
{% endmacro %}

{#- Pre-hook of an event source's base model: when every row is checked
    again, the rows it holds are removed first. -#}
{% macro reset_checked_rows(parsed) %}
    {%- if execute and is_incremental() and not loyalty.checks_new_rows_only(parsed, explain=false) -%}
        {{ return(adapter.dispatch('truncate_relation_sql', 'loyalty')(this)) }}
    {%- endif -%}
    {{ return('') }}
{% endmacro %}

{#- Check 3 can change for a checked row dated after the run's day (a run
    day earlier than the last), or rejected as such (its day came). -#}
{% macro future_check_may_change(relation, timestamp_column) -%}
    (
        {{ relation }}.check_reason like 'future_event:%'
        or {{ loyalty.local_date(relation ~ '.' ~ timestamp_column) }} > {{ loyalty.run_date() }}
    )
{%- endmacro %}

{#- Check 4 can change for a checked row whose parent key (`parent_key`,
    null where the parent is not staged now, from a left join) was staged at
    its last check and is not now, or the reverse: rejected as an unknown
    reference with the parent staged now, or passed with the parent gone. A
    row failing an earlier check keeps that reason whatever the parent. -#}
{% macro reference_check_may_change(relation, column, parent_key, optional=false) -%}
    (
        ({{ relation }}.check_reason = 'unknown_reference: {{ column }}' and {{ parent_key }} is not null)
        or (
            {{ relation }}.check_reason is null
            {%- if optional %}
            and {{ relation }}.{{ column }} is not null
            {%- endif %}
            and {{ parent_key }} is null
        )
    )
{%- endmacro %}
