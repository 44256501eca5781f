{#- Incremental purchase models (docs/decisions.md, "Daily runs"): a model
    keyed by customer recomputes, in an incremental build, only the
    customers int_customers_purchases_changed logged after its own last
    computation, and keeps every other customer's rows. -#}

{#- The latest build int_customers_purchases_changed logged (its inputs row),
    as SQL literals: {logged_at, as_of_date, inputs_key}; none in a full
    build or when the log is empty. -#}
{% macro last_logged_purchase_inputs() %}
    {%- if not execute or not is_incremental() -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set rows = run_query(
        "select logged_at, as_of_date, inputs_key from " ~ this
        ~ " where customer_id is null order by logged_at desc limit 1"
    ).rows -%}
    {%- if rows | length == 0 -%}
        {{ return(none) }}
    {%- endif -%}
    {{ return({
        'logged_at': loyalty.timestamp_literal(rows[0][0]),
        'as_of_date': none if rows[0][1] is none else "cast('" ~ rows[0][1].strftime('%Y-%m-%d') ~ "' as date)",
        'inputs_key': rows[0][2],
    }) }}
{% endmacro %}

{#- When an incremental build of this model computed it last (a timestamp
    literal): it then recomputes the customers logged after that. None in a
    full build, and when every customer is computed again: the model is
    empty, or the log was rebuilt since (it starts after that time). -#}
{% macro recompute_customers_since(changes) %}
    {%- if not execute or not is_incremental() -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set row = run_query(
        "select (select max(computed_at) from " ~ this ~ "), (select min(logged_at) from " ~ changes ~ ")"
    ).rows[0] -%}
    {%- if row[0] is none or row[1] is none or row[1] > row[0] -%}
        {{ log(this.identifier ~ ": computing every customer again: " ~ changes.identifier
            ~ " holds no log since its last computation.", info=true) }}
        {{ return(none) }}
    {%- endif -%}
    {{ return(loyalty.timestamp_literal(row[0])) }}
{% endmacro %}

{#- Pre-hook of an incremental purchase model: the rows of the customers it
    recomputes go first; all of them when it recomputes every customer. -#}
{% macro delete_recomputed_customers(changes) %}
    {%- if not execute or not is_incremental() -%}
        {{ return('') }}
    {%- endif -%}
    {%- set since = loyalty.recompute_customers_since(changes) -%}
    {%- if since is none -%}
        {{ return(adapter.dispatch('truncate_relation_sql', 'loyalty')(this)) }}
    {%- endif -%}
    {{ return('delete from ' ~ this ~ ' where ' ~ loyalty.is_recomputed_customer('customer_id', changes, since)) }}
{% endmacro %}

{#- Whether a customer is one the build recomputes: logged in `changes`
    after `since` (recompute_customers_since). -#}
{% macro is_recomputed_customer(customer_id, changes, since) -%}
    {{ customer_id }} in (select {{ changes.identifier }}.customer_id from {{ changes }} where {{ changes.identifier }}.logged_at > {{ since }})
{%- endmacro %}

{#- A Python datetime as a timestamp literal, microseconds included. -#}
{% macro timestamp_literal(value) %}
    {{ return("cast('" ~ value.strftime('%Y-%m-%d %H:%M:%S.%f') ~ "' as " ~ dbt.type_timestamp() ~ ")") }}
{% endmacro %}
