{#- Applies the staging parse macros to every case of the parse_cases seed,
    next to the hand-computed expectations, for the assert_equal tests. -#}
with

cases as (
    select * from {{ ref('parse_cases') }}
),

final as (
    select
        cases.case_name,
        cases.expected_timestamp,
        cases.expected_money,
        cases.expected_integer,
        {{ loyalty.parse_timestamp(loyalty.clean_text('cases.input_text')) }} as parsed_timestamp,
        {{ loyalty.parse_money(loyalty.clean_text('cases.input_text')) }} as parsed_money,
        {{ loyalty.parse_integer(loyalty.clean_text('cases.input_text')) }} as parsed_integer
    from cases
)

select * from final
